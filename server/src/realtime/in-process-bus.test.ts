import { runEventBusContract } from './event-bus.contract';
import { InProcessEventBus } from './in-process-bus';

runEventBusContract('in-process', () => new InProcessEventBus());

export * from './errors';
export * from './text';
export * from './site-settings';
export * from './widget-api';
export * from './visitor-actions';
export * from './events';
export * from './inbox-api';
export * from './kb-api';

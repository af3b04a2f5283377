import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboxMessage, WhatsAppDelivery } from '@parley/protocol';
import { visitorMessage } from '../conversations.fixture';
import { Transcript } from './transcript';

const T = '2026-01-01T00:00:00.000Z';
const customerSent = (id: number, body: string, meta: InboxMessage['meta']) => visitorMessage('c3', id, body, meta);
const agentSent = (id: number, whatsappDelivery: WhatsAppDelivery | null, meta: InboxMessage['meta'] = {}): InboxMessage => ({
  ...customerSent(id, 'Your parcel left today.', meta),
  author: { type: 'agent', name: 'Ada', avatarUrl: null },
  whatsappDelivery,
});
const out = (status: WhatsAppDelivery['status'], over: Partial<WhatsAppDelivery> = {}): WhatsAppDelivery => ({ status, attempts: 1, error: null, nextAttemptAt: null, ...over });

let root: HTMLElement | undefined;
function show(messages: InboxMessage[]) {
  root = document.body.appendChild(document.createElement('div'));
  act(() => render(<Transcript pages={{ messages, hasOlder: false, loading: false, error: null, loadOlder: async () => {} }} visitorReadMessageId={null} />, root!));
  return [...root.querySelectorAll('.transcript .msg')];
}
afterEach(() => {
  if (root) act(() => render(null, root!));
  root?.remove();
});

describe('a WhatsApp conversation in the transcript', () => {
  it('says where each reply to the customer stands on WhatsApp, and why it has not gone yet or failed', () => {
    show([
      agentSent(1, out('queued', { attempts: 0 })),
      agentSent(2, out('queued', { attempts: 2, error: 'Graph API: 131000 Something went wrong', nextAttemptAt: T })),
      agentSent(3, out('sent')),
      agentSent(4, out('delivered')),
      agentSent(5, out('read')),
      agentSent(6, out('failed', { attempts: 3, error: '131026 Message undeliverable' })),
      agentSent(7, null),
    ]);
    const notes = [...root!.querySelectorAll('[data-testid=whatsapp-delivery]')].map((n) => [n.getAttribute('data-status'), n.className, n.textContent]);
    expect(notes).toEqual([
      ['queued', 'delivery sending', 'Sending to WhatsApp…'],
      ['queued', 'delivery retrying', expect.stringMatching(/^Not sent to WhatsApp yet \(Graph API: 131000 Something went wrong\), trying again at \d/)],
      ['sent', 'delivery sent', 'Sent to WhatsApp'],
      ['delivered', 'delivery sent', 'Delivered on WhatsApp'],
      ['read', 'delivery sent', 'Read on WhatsApp'],
      ['failed', 'delivery failed', 'WhatsApp message failed after 3 attempts: 131026 Message undeliverable'],
    ]);
  });

  it('marks what the customer sent on WhatsApp, and offers their files as downloads', () => {
    const items = show([
      customerSent(1, 'Here is the invoice', { channel: 'whatsapp', attachment: { url: '/v1/inbox/whatsapp/media/wam_1', mime: 'application/pdf', name: 'invoice.pdf' } }),
      customerSent(2, '[image]', { channel: 'whatsapp', attachment: { url: '/v1/inbox/whatsapp/media/wam_2', mime: 'image/jpeg', name: null } }),
      customerSent(3, 'From the widget', {}),
    ]);
    const links = items.map((li) => [...li.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href'), a.hasAttribute('download')]));
    expect(links).toEqual([[['Download invoice.pdf', '/v1/inbox/whatsapp/media/wam_1', true]], [['Download image/jpeg', '/v1/inbox/whatsapp/media/wam_2', true]], []]);
    expect(items.map((li) => li.querySelector('.via')?.textContent ?? null)).toEqual(['via WhatsApp', 'via WhatsApp', null]);
  });

  it('links no file that is not served by the inbox', () => {
    const [item] = show([customerSent(1, 'Look', { channel: 'whatsapp', attachment: { url: 'javascript:alert(1)', mime: 'text/html', name: 'x.html' } })]);
    expect(item!.querySelector('a')).toBeNull();
  });

  it('names the template a reply was sent with', () => {
    const items = show([agentSent(1, out('sent'), { template: { name: 'order_update', language: 'en_US', parameters: ['Grace'] } }), agentSent(2, out('sent'))]);
    expect(items.map((li) => li.querySelector('.via')?.textContent ?? null)).toEqual(['Template: order_update', null]);
  });
});

import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { Loaded, useLoad } from './load';

/** Each request the probe makes, answered by the test in whatever order it likes. */
let requests: Array<{ query: string; resolve: (data: string) => void; reject: (e: unknown) => void }>;
let root: HTMLElement;

function Probe({ query }: { query: string }) {
  const load = useLoad(() => new Promise<string>((resolve, reject) => requests.push({ query, resolve, reject })), [query]);
  return (
    <>
      {/* What a stream event does: ask again while the data is on screen. */}
      <button type="button" onClick={() => void load.reload()}>
        Refresh
      </button>
      {/* What a write does: show the server's answer to it at once. */}
      <button type="button" onClick={() => load.set((data) => `${data}, 1 refunded`)}>
        Refund
      </button>
      <Loaded load={load}>{(data) => <p class="data">{data}</p>}</Loaded>
    </>
  );
}

const mount = (query: string) => act(() => render(<Probe query={query} />, root));
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const answer = async (i: number, data: string) => {
  requests[i]!.resolve(data);
  await settle();
};
const fail = async (i: number, e: unknown) => {
  requests[i]!.reject(e);
  await settle();
};
const click = (name: string) => act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!.click());
const shown = () => ({
  data: root.querySelector('.data')?.textContent ?? null,
  loading: root.querySelector('.loading') !== null,
  alert: root.querySelector('[role=alert]')?.textContent ?? null,
  retry: [...root.querySelectorAll('button')].some((b) => b.textContent === 'Retry'),
});

beforeEach(() => {
  requests = [];
  root = document.createElement('div');
});
afterEach(() => act(() => render(null, root)));

describe('a view that loads data', () => {
  it("shows the server's message and a Retry button when the load fails, and the data once a retry succeeds", async () => {
    mount('orders');
    expect(shown()).toEqual({ data: null, loading: true, alert: null, retry: false });
    await fail(0, new ApiError(503, 'unavailable', 'The database is busy, try again'));
    expect(shown()).toEqual({ data: null, loading: false, alert: 'The database is busy, try again', retry: true });

    click('Retry');
    expect(shown()).toEqual({ data: null, loading: true, alert: null, retry: false });
    await answer(1, '3 orders');
    expect(shown()).toEqual({ data: '3 orders', loading: false, alert: null, retry: false });
  });

  it('says the server could not be reached when the request never got an answer', async () => {
    mount('orders');
    await fail(0, new TypeError('Failed to fetch'));
    expect(shown().alert).toBe('Could not reach the server');
  });

  it('ignores a late answer to a request that a newer one overtook', async () => {
    mount('orders');
    mount('invoices');
    await answer(1, '2 invoices');
    await answer(0, '3 orders');
    expect(shown().data).toBe('2 invoices');

    click('Refresh');
    click('Refresh');
    await answer(3, '4 invoices');
    await fail(2, new ApiError(500, 'internal', 'Too late to matter'));
    expect(shown()).toEqual({ data: '4 invoices', loading: false, alert: null, retry: false });
  });

  it('shows what a write returned at once, and drops a load that was asked before the write', async () => {
    mount('orders');
    await answer(0, '3 orders');
    click('Refresh');
    click('Refund');
    expect(shown().data).toBe('3 orders, 1 refunded');
    await answer(1, '3 orders');
    expect(shown().data).toBe('3 orders, 1 refunded');
  });

  it('keeps showing the data while it reloads, and keeps it under the error when the reload fails', async () => {
    mount('orders');
    await answer(0, '3 orders');
    click('Refresh');
    expect(shown()).toEqual({ data: '3 orders', loading: false, alert: null, retry: false });
    await fail(1, new ApiError(500, 'internal', 'Something broke'));
    expect(shown()).toEqual({ data: '3 orders', loading: false, alert: 'Something broke', retry: true });
  });
});

import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logLines } from '../test-support/fixtures.js';
import { LogBuffer } from './log-buffer.js';
import { LOG_ROW_HEIGHT, LogPanel } from './LogPanel.js';

// happy-dom does no layout: give the log's scroll box the height a browser would.
const VIEWPORT = 400;
const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('log-panel__scroll') ? VIEWPORT : 0;
    },
  });
});
afterAll(() => {
  if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
});
afterEach(cleanup);

function millionLines(): LogBuffer {
  const buffer = new LogBuffer();
  for (let i = 0; i < 100; i++) buffer.append(logLines('r', 10_000, i * 10_000));
  return buffer;
}

function renderedMessages(): string[] {
  return screen.queryAllByTestId('log-line').map((el) => el.querySelector('.log-row__message')?.textContent ?? '');
}

function scrollTo(top: number): void {
  const el = screen.getByTestId('log-panel-scroll');
  el.scrollTop = top;
  fireEvent.scroll(el);
}

describe('LogPanel', () => {
  it('renders only the rows in view of a million-line log, and scrolls anywhere in it', async () => {
    const buffer = millionLines();
    render(<LogPanel buffer={buffer} version={1} height={VIEWPORT} />);
    expect(screen.getByTestId('log-count').textContent).toBe('1,000,000 lines');

    const inner = screen.getByTestId('log-panel-scroll').firstElementChild as HTMLElement;
    expect(inner.style.height).toBe(`${1_000_000 * LOG_ROW_HEIGHT}px`);

    // It follows the tail: the last line is on screen and only a window of rows exists.
    await act(async () => {});
    let rows = renderedMessages();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    expect(rows).toContain('line 999999');

    await act(async () => scrollTo(500_000 * LOG_ROW_HEIGHT));
    rows = renderedMessages();
    expect(rows).toContain('line 500000');
    expect(rows).not.toContain('line 999999');
    expect(rows.length).toBeLessThan(60);
  });

  it('stops following when the user scrolls up, and offers to follow again', async () => {
    const buffer = new LogBuffer();
    buffer.append(logLines('r', 1_000));
    const { rerender } = render(<LogPanel buffer={buffer} version={1} height={VIEWPORT} />);
    await act(async () => {});
    expect(renderedMessages()).toContain('line 999');

    await act(async () => scrollTo(100 * LOG_ROW_HEIGHT));
    expect(screen.getByRole('button', { name: 'Follow latest' })).toBeTruthy();

    buffer.append(logLines('r', 500, 1_000));
    rerender(<LogPanel buffer={buffer} version={2} height={VIEWPORT} />);
    await act(async () => {});
    // New lines arrived, but the reader's place is kept.
    expect(renderedMessages()).toContain('line 110');
    expect(renderedMessages()).not.toContain('line 1499');

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Follow latest' })));
    expect(renderedMessages()).toContain('line 1499');
  });

  it('filters by level and by text', async () => {
    const buffer = new LogBuffer();
    buffer.append(logLines('r', 1_000));
    render(<LogPanel buffer={buffer} version={1} height={VIEWPORT} />);

    fireEvent.change(screen.getByLabelText('Log level'), { target: { value: 'warn' } });
    await act(async () => {});
    expect(screen.getByTestId('log-count').textContent).toBe('20 of 1000 lines');
    expect(renderedMessages().every((m) => Number(m.split(' ')[1]) % 50 === 0)).toBe(true);

    fireEvent.change(screen.getByLabelText('Filter log text'), { target: { value: 'line 95' } });
    await act(async () => new Promise((r) => setTimeout(r, 200)));
    expect(screen.getByTestId('log-count').textContent).toBe('1 of 1000 lines');
    expect(renderedMessages()).toEqual(['line 950']);
  });
});

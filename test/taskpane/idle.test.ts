/**
 * @jest-environment jsdom
 */
import { whenIdle } from '../../src/taskpane/idle';

/** jsdom has no requestIdleCallback; the tests give one, or not. */
const w = window as unknown as Record<string, unknown>;

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  jest.useRealTimers();
  delete w.requestIdleCallback;
  delete w.cancelIdleCallback;
});

describe('whenIdle: work the first screen does not need waits for a paint, a delay and an idle moment', () => {
  test('nothing runs in the same task; after a frame, the delay and the idle callback it runs once', () => {
    const idle: (() => void)[] = [];
    w.requestIdleCallback = (cb: () => void) => idle.push(cb);
    const fn = jest.fn();
    whenIdle(fn, 1000);
    expect(fn).not.toHaveBeenCalled();
    jest.advanceTimersByTime(500);
    expect(idle).toHaveLength(0);
    jest.advanceTimersByTime(600);
    expect(fn).not.toHaveBeenCalled();
    expect(idle).toHaveLength(1);
    idle[0]();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  test('without requestIdleCallback (Safari 12, EdgeHTML) a timer stands in', () => {
    const fn = jest.fn();
    whenIdle(fn);
    jest.advanceTimersByTime(200);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  test('cancelled (the pane unmounted) before or after the delay: it never runs', () => {
    const early = jest.fn();
    whenIdle(early, 1000)();
    const idle: (() => void)[] = [];
    w.requestIdleCallback = (cb: () => void) => idle.push(cb);
    w.cancelIdleCallback = () => idle.splice(0);
    const late = jest.fn();
    const cancel = whenIdle(late, 10);
    jest.advanceTimersByTime(2000);
    cancel();
    idle.forEach((cb) => cb());
    expect(early).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
  });
});

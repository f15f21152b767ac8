import { describe, expect, it } from 'vitest';
import { SerialDrain } from '../../src/watch/serial.js';

/** A queue of named jobs and a log of what ran, with a hook to act while a job runs. */
function harness(during: (job: string) => void | Promise<void> = () => undefined) {
  const queue: string[] = [];
  const ran: string[] = [];
  let active = 0;
  let mostAtOnce = 0;
  const drain = new SerialDrain<string>(
    () => queue.shift(),
    async (job) => {
      active++;
      mostAtOnce = Math.max(mostAtOnce, active);
      await new Promise((done) => setTimeout(done, 5));
      await during(job);
      ran.push(job);
      active--;
      if (job === 'bad') throw new Error('job failed');
    },
  );
  return { drain, queue, ran, mostAtOnce: () => mostAtOnce };
}

describe('SerialDrain (the watcher runs its rebuilds through it)', () => {
  it('takes what was queued during a run into the same drain, one job at a time', async () => {
    const h = harness((job) => {
      if (job === 'a') {
        h.queue.push('b');
        h.drain.kick(); // a debounce firing mid-rebuild: the running drain takes it
      }
    });
    h.queue.push('a');
    h.drain.kick();
    await h.drain.idle();
    expect(h.ran).toEqual(['a', 'b']);
    expect(h.mostAtOnce()).toBe(1);
    expect(h.drain.busy).toBe(false);
  });

  it('still starts after a kick that found nothing to do (the save ignored for good, 2026-12-05)', async () => {
    const h = harness((job) => {
      if (job === 'a') h.queue.push('b');
    });
    h.queue.push('a');
    h.drain.kick();
    await h.drain.idle();
    // The debounce of 'b' fires after the drain had already taken and built it.
    h.drain.kick();
    expect(h.drain.busy).toBe(false);
    await h.drain.idle();
    h.queue.push('c');
    h.drain.kick();
    expect(h.drain.busy).toBe(true);
    await h.drain.idle();
    expect(h.ran).toEqual(['a', 'b', 'c']);
  });

  it('reports a failed job to idle() and keeps working afterwards', async () => {
    const h = harness();
    h.queue.push('bad');
    h.drain.kick();
    await expect(h.drain.idle()).rejects.toThrow('job failed');
    h.queue.push('good');
    h.drain.kick();
    await h.drain.idle();
    expect(h.ran).toEqual(['bad', 'good']);
  });

  it('takes no more jobs once stopped, and stop() waits for the running one', async () => {
    const h = harness((job) => {
      if (job === 'a') h.queue.push('b');
    });
    h.queue.push('a');
    h.drain.kick();
    await h.drain.stop();
    expect(h.ran).toEqual(['a']);
    h.drain.kick();
    expect(h.drain.busy).toBe(false);
    expect(h.queue).toEqual(['b']);
  });
});

/**
 * A backend with a fixed number of workers and a FIFO queue. Work is a timer (simulated service
 * time); a job cancelled while queued (origin timeout, client gone) never takes a worker.
 */
export interface Job {
  serviceMs: number;
  state: 'queued' | 'running' | 'done' | 'cancelled';
  onDone: () => void;
}

export class WorkerPool {
  busy = 0;
  queued = 0;
  served = 0;
  private queue: (Job | undefined)[] = [];
  private head = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly name: string, readonly workers: number) {}

  submit(serviceMs: number, onDone: () => void): Job {
    const job: Job = { serviceMs, state: 'queued', onDone };
    if (this.busy < this.workers) this.start(job);
    else {
      this.queue.push(job);
      this.queued++;
    }
    return job;
  }

  /** Cancels a queued job; a running job keeps its worker until its service time ends. */
  cancel(job: Job): void {
    if (job.state === 'queued') {
      job.state = 'cancelled';
      this.queued--;
    } else if (job.state === 'running') {
      job.onDone = noop;
    }
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue = [];
    this.head = 0;
    this.queued = 0;
    this.busy = 0;
  }

  private start(job: Job): void {
    job.state = 'running';
    this.busy++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.busy--;
      this.served++;
      job.state = 'done';
      this.pump();
      job.onDone();
    }, job.serviceMs);
    this.timers.add(timer);
  }

  private pump(): void {
    while (this.busy < this.workers && this.head < this.queue.length) {
      const job = this.queue[this.head];
      this.queue[this.head++] = undefined;
      if (!job || job.state !== 'queued') continue;
      this.queued--;
      this.start(job);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

function noop(): void {}

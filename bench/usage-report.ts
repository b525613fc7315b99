// Preloaded into a measured child (`node --import <this> ...`): at exit, writes the process's own
// CPU time and peak RSS to $BENCH_USAGE_FILE, so the numbers cover that process and nothing else.
// A child started with --expose-gc also has a full collection every 100 ms, after which the heap
// still in use is what the process holds: its largest value tells memory held from garbage that
// a lazy collector had not yet collected, which the peak RSS does not.
import { writeFileSync } from 'node:fs';

export interface Usage {
  cpuSeconds: number;
  peakRssBytes: number;
  /** With --expose-gc: the largest heap in use right after a full collection. */
  retainedBytes?: number;
}

const target = process.env.BENCH_USAGE_FILE;
const gc = (globalThis as { gc?: () => void }).gc;
if (target) {
  let retained: number | undefined;
  if (gc !== undefined) {
    setInterval(() => {
      gc();
      retained = Math.max(retained ?? 0, process.memoryUsage().heapUsed);
    }, 100).unref();
  }
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const report: Usage = {
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      peakRssBytes: usage.maxRSS * 1024,
      ...(retained !== undefined && { retainedBytes: retained }),
    };
    writeFileSync(target, JSON.stringify(report));
  });
}

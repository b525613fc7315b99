// Preloaded into a measured child (`node --import <this> ...`): at exit, writes the process's own
// CPU time and peak RSS to $BENCH_USAGE_FILE, so the numbers cover that process and nothing else.
import { writeFileSync } from 'node:fs';

export interface Usage {
  cpuSeconds: number;
  peakRssBytes: number;
}

const target = process.env.BENCH_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const report: Usage = {
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      peakRssBytes: usage.maxRSS * 1024,
    };
    writeFileSync(target, JSON.stringify(report));
  });
}

/**
 * Progress of a headless run on stderr: a bar redrawn in place on a terminal, plain lines (at most
 * one a second) otherwise, so logs and CI output stay readable.
 */
import type { SimulationProgress } from '@engine/sim/simulation.ts';

export interface ProgressReporter {
  update(progress: SimulationProgress): void;
  done(): void;
}

export function createProgressReporter(
  write: (text: string) => void,
  isTerminal: boolean,
  label: string,
): ProgressReporter {
  let lastLine = 0;
  let drawn = false;
  const describe = (progress: SimulationProgress) => {
    const simulated = progress.simulatedNs / 1e9;
    const total = progress.durationNs / 1e9;
    const fraction = progress.done ? 1 : Math.min(1, simulated / total);
    return {
      fraction,
      text: `${(fraction * 100).toFixed(0).padStart(3)}%  ${simulated.toFixed(1)} of ${total.toFixed(0)} s simulated, ${progress.requests.toLocaleString('en-US')} requests, ${progress.events.toLocaleString('en-US')} events`,
    };
  };
  return {
    update(progress) {
      const now = Date.now();
      const { fraction, text } = describe(progress);
      if (isTerminal) {
        if (now - lastLine < 100 && !progress.done) return;
        const width = 30;
        const filled = Math.round(fraction * width);
        write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${text}\x1b[K`);
        drawn = true;
      } else {
        if (now - lastLine < 1000 && !progress.done) return;
        write(`${label}: ${text}\n`);
      }
      lastLine = now;
    },
    done() {
      if (isTerminal && drawn) write('\n');
    },
  };
}

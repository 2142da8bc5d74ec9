// Measures deriveImage on a 1024² PNG and deriveVideo on a 5 s 720p H.264 clip on this machine.
// Run: pnpm --filter @lensroom/media exec tsx scripts/time-derive.ts
import path from "node:path";
import { deriveImage } from "../src/derive-image";
import { deriveVideo } from "../src/derive-video";
import { colourfulPng, makeTempDir, patternVideo } from "../test/fixtures";

async function time(label: string, runs: number, task: () => Promise<unknown>): Promise<void> {
  await task(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? Number.NaN;
  console.log(`${label}: median ${median.toFixed(0)} ms (min ${samples[0]?.toFixed(0)}, max ${samples.at(-1)?.toFixed(0)}, ${runs} runs)`);
}

const temp = await makeTempDir();
try {
  const png = await colourfulPng(1024);
  const video = await patternVideo(path.join(temp.dir, "720p.mp4"), { seconds: 5, width: 1280, height: 720, gop: 50 });
  await time("deriveImage 1024² PNG", 10, () => deriveImage(png));
  await time("deriveVideo 5 s 720p H.264", 5, () => deriveVideo(video));
} finally {
  await temp.cleanup();
}

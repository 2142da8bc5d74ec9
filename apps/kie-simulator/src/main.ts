import { readEnv } from "./env";
import { startKieSimulator } from "./server";

const env = readEnv();
const sim = await startKieSimulator({
  port: env.KIE_SIM_PORT,
  host: env.KIE_SIM_HOST,
  apiKey: env.KIE_SIM_API_KEY,
  hmacKey: env.KIE_SIM_HMAC_KEY,
  timeScale: env.KIE_SIM_TIME_SCALE,
  publicBaseUrl: env.KIE_SIM_PUBLIC_BASE_URL,
  renderDelayMs: env.KIE_SIM_RENDER_DELAY_MS,
  photoLongSide: env.KIE_SIM_PHOTO_LONG_SIDE,
  callbackRetries: env.KIE_SIM_CALLBACK_RETRIES === "true",
});
console.log(`KIE simulator listening on ${sim.url} (auth ${env.KIE_SIM_API_KEY ? "on" : "off"}, HMAC ${env.KIE_SIM_HMAC_KEY ? "on" : "off"})`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`KIE simulator: ${signal}, shutting down`);
  sim.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));

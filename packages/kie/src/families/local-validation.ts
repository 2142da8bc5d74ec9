import { KieApiError } from "../errors";

/** A request we refuse to send because KIE would reject it; code 0 = no KIE code. */
export function invalidSpec(message: string): KieApiError {
  return new KieApiError({ code: 0, kind: "validation", retryable: false, message });
}

export function pickAspect(family: string, value: string | undefined, allowed: readonly string[], fallback: string): string {
  const aspect = value ?? fallback;
  if (!allowed.includes(aspect)) throw invalidSpec(`${family} supports aspect ratios ${allowed.join(", ")}; got ${aspect}`);
  return aspect;
}

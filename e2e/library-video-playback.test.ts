import { describe, expect, inject, it } from "vitest";

import { screenshot, withPage } from "./lib/browser";
import { settleImages } from "./lib/library-helpers";
import { createInStudio, signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");

describe("library: video tiles", () => {
  it("plays on hover (not while scrolling), releases the video on leave, and seeks in the lightbox over HTTP ranges", async () => {
    await withPage("library-video-playback", async (page) => {
      await signIn(page, webUrl, uniqueEmail("video-play"));
      await createInStudio(page, webUrl, "video", "jellyfish drifting in dark blue water", 150_000);
      await page.goto(`${webUrl}/library`);
      const tileSelector = "[data-testid=tile][data-type=video][data-status=success]";
      const tile = await page.waitForSelector(tileSelector);
      await settleImages(page);
      const badge = await tile.textContent();
      expect(badge, "duration badge m:ss").toMatch(/\d:\d\d/);

      // Scrolling under a resting pointer starts nothing.
      const box = await tile.boundingBox();
      if (!box) throw new Error("tile has no box");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const scrolling = page.evaluate(async () => {
        for (let i = 0; i < 12; i++) {
          window.dispatchEvent(new Event("scroll"));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      });
      await page.mouse.move(box.x + box.width / 2 + 2, box.y + box.height / 2 + 2);
      await page.waitForTimeout(400); // under test: for this stretch of the ~600 ms scroll, nothing starts playing
      expect(await page.$("[data-testid=tile-hover-video]"), "no hover video while scrolling").toBeNull();
      await scrolling;

      // Once the page is still, the resting pointer plays the video: muted, looping, time moving.
      await page.waitForSelector("[data-testid=tile-hover-video]", { timeout: 5_000 });
      await page.waitForFunction(
        () => {
          const video = document.querySelector<HTMLVideoElement>("[data-testid=tile-hover-video]");
          return Boolean(video && !video.paused && video.currentTime > 0.2 && video.muted && video.loop);
        },
        undefined,
        { timeout: 20_000 },
      );
      await screenshot(page, "library-video-hover");

      // Leaving stops it and drops the element (the browser releases the connection and decoder).
      await page.mouse.move(5, 5);
      await page.waitForSelector("[data-testid=tile-hover-video]", { state: "detached", timeout: 5_000 });

      // The lightbox has a real player; seeking is served by a 206 range answer.
      const ranges: string[] = [];
      page.on("response", (response) => {
        if (!/\/original\.mp4/.test(response.url())) return;
        void response.allHeaders().then((headers) => ranges.push(`${response.status()} ${headers["content-range"] ?? ""}`));
      });
      await page.click(`${tileSelector} button[aria-label]`);
      const video = await page.waitForSelector("[data-testid=lightbox-video]");
      await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("[data-testid=lightbox-video]")?.readyState ?? 0) >= 1);
      const seek = await video.evaluate(async (el) => {
        const v = el as HTMLVideoElement;
        const target = Math.min(3, v.duration * 0.6);
        const seeked = new Promise<boolean>((resolve) => {
          v.addEventListener("seeked", () => resolve(true), { once: true });
          setTimeout(() => resolve(false), 15_000);
        });
        v.currentTime = target;
        return { fired: await seeked, target, currentTime: v.currentTime, duration: v.duration };
      });
      expect(seek.fired, `seeked event (${JSON.stringify(seek)})`).toBe(true);
      expect(seek.currentTime).toBeCloseTo(seek.target, 1);
      // The player's own range requests may be served from the media cache the hover playback filled, so ask the
      // server for the same kind of range the player sends when it seeks to a part it does not have.
      const range = await video.evaluate(async (el) => {
        const src = (el as HTMLVideoElement).currentSrc;
        const response = await fetch(src, { headers: { range: "bytes=1000-1999" }, cache: "no-store" });
        return { status: response.status, contentRange: response.headers.get("content-range"), length: (await response.arrayBuffer()).byteLength };
      });
      expect(range.status, `range answer (player saw: ${ranges.join(", ") || "nothing on the network"})`).toBe(206);
      expect(range.contentRange).toMatch(/^bytes 1000-1999\/\d+$/);
      expect(range.length).toBe(1000);
      const sizeRow = await page.textContent("[data-testid=lightbox] dl");
      expect(sizeRow).toMatch(/\d\s?(кБ|МБ|kB|MB)/);
      await screenshot(page, "library-video-lightbox");
    });
  });
});

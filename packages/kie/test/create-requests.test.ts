import { describe, expect, it } from "vitest";
import { familyAdapters } from "../src/families/index";
import { findKieModel, kieModels } from "../src/models";

const cb = "http://127.0.0.1:9/cb";

describe("buildCreateRequest", () => {
  it("market: model + input with explicit model defaults", () => {
    expect(
      familyAdapters.market.buildCreateRequest({ family: "market", model: "kling-2.6/text-to-video", prompt: "p", aspectRatio: "9:16", callBackUrl: cb }),
    ).toEqual({
      path: "/api/v1/jobs/createTask",
      body: { model: "kling-2.6/text-to-video", callBackUrl: cb, input: { duration: "5", sound: false, prompt: "p", aspect_ratio: "9:16" } },
    });
  });
  it("gpt4o: size, nVariants 1; rejects unsupported sizes locally", () => {
    expect(familyAdapters.gpt4o.buildCreateRequest({ family: "gpt4o", model: "gpt-4o-image", prompt: "p", aspectRatio: "3:2", callBackUrl: cb }).body).toEqual({
      prompt: "p",
      size: "3:2",
      nVariants: 1,
      callBackUrl: cb,
    });
    expect(() =>
      familyAdapters.gpt4o.buildCreateRequest({ family: "gpt4o", model: "gpt-4o-image", prompt: "p", aspectRatio: "16:9", callBackUrl: cb }),
    ).toThrow(/supports aspect ratios/);
  });
  it("flux, veo, runway shapes", () => {
    expect(familyAdapters.flux.buildCreateRequest({ family: "flux", model: "flux-kontext-max", prompt: "p", aspectRatio: "16:9", callBackUrl: cb })).toEqual({
      path: "/api/v1/flux/kontext/generate",
      body: { prompt: "p", aspectRatio: "16:9", model: "flux-kontext-max", outputFormat: "png", callBackUrl: cb },
    });
    expect(familyAdapters.veo.buildCreateRequest({ family: "veo", model: "veo3_fast", prompt: "p", callBackUrl: cb })).toEqual({
      path: "/api/v1/veo/generate",
      body: { prompt: "p", model: "veo3_fast", aspectRatio: "16:9", generationType: "TEXT_2_VIDEO", callBackUrl: cb },
    });
    expect(familyAdapters.runway.buildCreateRequest({ family: "runway", model: "runway-gen4", prompt: "p", callBackUrl: cb })).toEqual({
      path: "/api/v1/runway/generate",
      body: { prompt: "p", aspectRatio: "16:9", duration: 5, quality: "720p", waterMark: "", callBackUrl: cb },
    });
  });
  it("catalog: every model's default aspect ratio builds a valid request", () => {
    for (const m of kieModels) {
      for (const aspectRatio of m.aspectRatios) {
        expect(() => familyAdapters[m.family].buildCreateRequest({ family: m.family, model: m.id, prompt: "p", aspectRatio, callBackUrl: cb })).not.toThrow();
      }
    }
    expect(findKieModel("veo3")?.type).toBe("video");
    expect(findKieModel("nope")).toBeUndefined();
  });
});

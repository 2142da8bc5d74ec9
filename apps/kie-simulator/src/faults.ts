import { z } from "zod";
import { faultInputSchema, type BareEnvelope, type FaultEffects, type FaultInput, type Status5xxMode, status5xxModes } from "./fault-schema";

type Scope = { kind: "global" } | { kind: "task"; taskId: string } | { kind: "next"; remaining: number };

interface FaultRule {
  readonly id: number;
  scope: Scope;
  readonly effects: FaultEffects;
  /** Remaining count for `status5xx: {count}`. */
  status5xxLeft: number | null;
  /** Remaining count for `bareEnvelope: {count}`. */
  bareLeft: number | null;
}

export class FaultValidationError extends Error {
  constructor(readonly issues: unknown) {
    super("invalid fault");
  }
}

/** Fault rules: global, bound to one task, or for the next N tasks. Usable in-process and via `POST /__sim/faults`. */
export class FaultController {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private modeCursor = 0;

  /** Add a rule (validated); returns its id. */
  set(input: FaultInput): number {
    return this.setUnchecked(input);
  }

  /** Add a rule from untrusted input (the control API); throws FaultValidationError. */
  setUnchecked(input: unknown): number {
    const parsed = faultInputSchema.safeParse(input);
    if (!parsed.success) throw new FaultValidationError(z.flattenError(parsed.error));
    const { taskId, count, ...effects } = parsed.data;
    const scope: Scope = taskId ? { kind: "task", taskId } : count ? { kind: "next", remaining: count } : { kind: "global" };
    const s5 = effects.status5xx;
    const rule: FaultRule = {
      id: this.nextId++,
      scope,
      effects,
      status5xxLeft: typeof s5 === "object" && "count" in s5 ? s5.count : null,
      bareLeft: effects.bareEnvelope?.count ?? null,
    };
    this.rules.push(rule);
    return rule.id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): ReadonlyArray<{ id: number; scope: Scope; effects: FaultEffects }> {
    return this.rules.map((r) => ({ id: r.id, scope: { ...r.scope }, effects: r.effects }));
  }

  /** Called on each create: a `createReject` rule answers (consuming one of its count), or null. */
  takeCreateReject(): { code: number; message?: string } | null {
    for (const rule of [...this.rules].reverse()) {
      const reject = rule.effects.createReject;
      if (!reject || rule.scope.kind === "task") continue;
      if (rule.scope.kind === "next") {
        rule.scope.remaining -= 1;
        if (rule.scope.remaining <= 0) this.remove(rule.id);
      }
      return reject;
    }
    return null;
  }

  /**
   * Called on each create (`on: "create"`, global/next-N rules) or record read (`on: "record"`, global or this task's
   * rules): a `bareEnvelope` rule that fires answers, consuming one of its counts; or null.
   */
  takeBareEnvelope(on: BareEnvelope["on"], taskId: string | null): BareEnvelope | null {
    const candidates = on === "create" ? this.rules.filter((r) => r.scope.kind !== "task") : this.applicable(taskId);
    for (const rule of [...candidates].reverse()) {
      const bare = rule.effects.bareEnvelope;
      if (!bare || bare.on !== on) continue;
      if (rule.bareLeft !== null) {
        if (rule.bareLeft <= 0) continue;
        rule.bareLeft -= 1;
      } else if (bare.probability !== undefined && Math.random() >= bare.probability) return null;
      if (rule.scope.kind === "next" && on === "create") {
        rule.scope.remaining -= 1;
        if (rule.scope.remaining <= 0) this.remove(rule.id);
      }
      return bare;
    }
    return null;
  }

  /** Called when a task is created: "next N" rules become rules bound to this task. */
  bindNewTask(taskId: string): void {
    for (const rule of this.rules) {
      if (rule.scope.kind !== "next" || rule.effects.createReject || rule.effects.bareEnvelope?.on === "create") continue;
      rule.scope.remaining -= 1;
      this.rules.push({ ...rule, id: this.nextId++, scope: { kind: "task", taskId } });
    }
    this.rules = this.rules.filter((r) => r.scope.kind !== "next" || r.scope.remaining > 0);
  }

  private applicable(taskId: string | null): FaultRule[] {
    const global = this.rules.filter((r) => r.scope.kind === "global");
    const bound = this.rules.filter((r) => r.scope.kind === "task" && r.scope.taskId === taskId);
    return [...global, ...bound];
  }

  /** Merged effects for a task (or globals only when `taskId` is null); task rules override global ones. */
  effective(taskId: string | null): FaultEffects {
    return Object.assign({}, ...this.applicable(taskId).map((r) => r.effects)) as FaultEffects;
  }

  /** Decide whether this status read fails, and how. */
  takeStatus5xx(taskId: string | null): Status5xxMode | null {
    for (const rule of this.applicable(taskId).reverse()) {
      const s5 = rule.effects.status5xx;
      if (s5 === undefined) continue;
      const mode = typeof s5 === "object" ? s5.as : undefined;
      if (rule.status5xxLeft !== null) {
        if (rule.status5xxLeft <= 0) continue;
        rule.status5xxLeft -= 1;
      } else {
        const p = typeof s5 === "number" ? s5 : "probability" in s5 ? s5.probability : 0;
        if (Math.random() >= p) return null;
      }
      return mode ?? status5xxModes[this.modeCursor++ % status5xxModes.length] ?? "http500";
    }
    return null;
  }
}

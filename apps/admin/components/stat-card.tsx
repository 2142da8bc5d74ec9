import Link from "next/link";

interface StatCardProps {
  testId: string;
  title: string;
  value: string;
  text: string;
  warn: boolean;
  link?: { href: string; label: string };
}

/** One "is something broken?" number; amber when it is not zero. */
export function StatCard({ testId, title, value, text, warn, link }: StatCardProps) {
  return (
    <section data-testid={testId} className={`rounded-xl border p-4 ${warn ? "border-amber-400/30 bg-amber-400/5" : "border-white/10"}`}>
      <h2 className="text-sm font-medium text-zinc-300">{title}</h2>
      <p className="mt-1 text-3xl font-semibold tabular-nums">{value}</p>
      <p className="mt-1 text-xs text-zinc-400">{text}</p>
      {link && warn ? (
        <Link href={link.href} className="mt-2 inline-block text-xs text-accent-400 underline-offset-2 hover:underline">
          {link.label}
        </Link>
      ) : null}
    </section>
  );
}

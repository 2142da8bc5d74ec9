import { pageSubtitle, pageTitle } from "@/lib/ui";

/** The title and one-line description every admin page opens with. */
export function PageHeader({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <div>
      <h1 className={pageTitle}>{title}</h1>
      <p className={pageSubtitle}>{subtitle}</p>
    </div>
  );
}

import type { ReactNode } from "react";

interface CardTableColumn {
  label: ReactNode;
  /** Counts and times: right-aligned, like their cells. */
  numeric?: boolean;
}

interface CardTableProps {
  /** Read by screen readers only; the card's heading shows it. */
  caption: string;
  columns: CardTableColumn[];
  /** The rows (`<tr>`s). */
  children: ReactNode;
}

/** The small table inside a card: a hidden caption, a head of column labels, rows divided by a hairline. */
export function CardTable({ caption, columns, children }: CardTableProps) {
  return (
    <table className="mt-2 w-full text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, index) => (
            <th key={index} scope="col" className={`py-1 ${column.numeric ? "text-right" : "text-left"} text-xs font-medium text-zinc-400`}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-white/5">{children}</tbody>
    </table>
  );
}

import { Counter } from "./counter";

export default function Page() {
  return (
    <main>
      <h1>Baseline</h1>
      <p>The smallest Next.js page with one client component, scored by Lighthouse on the same machine as /library.</p>
      <Counter />
    </main>
  );
}

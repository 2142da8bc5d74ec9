"use client";

import { useState } from "react";

/** One hydrated island, so the page pays for React and the Next runtime like any interactive page does. */
export function Counter() {
  const [count, setCount] = useState(0);
  return (
    <button type="button" onClick={() => setCount(count + 1)}>
      Clicked {count} times
    </button>
  );
}

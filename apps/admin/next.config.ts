import { createNextConfig } from "@lensroom/app-shell/next-config";

export default createNextConfig();

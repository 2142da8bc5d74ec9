import { createRequestConfig } from "@lensroom/app-shell/i18n-request";

export default createRequestConfig({ ru: () => import("../messages/ru.json"), en: () => import("../messages/en.json") });

export const APP_JS: string = "";
export const APP_CSS: string = "";

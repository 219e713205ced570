/** Injection token for the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the API when the web app is served from its own container; empty = same origin. */
  readonly VITE_API_BASE?: string;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

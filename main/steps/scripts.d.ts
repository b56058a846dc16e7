/** Step scripts are imported as text (Vite's `?raw`), so the bundle carries them verbatim. */
declare module '*.sh?raw' {
  const text: string;
  export default text;
}

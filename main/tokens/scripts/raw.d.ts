// The tokens script is a static bash file bundled as text by Vite's `?raw` suffix.
declare module '*/scripts/tokens.sh?raw' {
  const text: string;
  export default text;
}

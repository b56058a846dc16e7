// The certificates script is a static bash file bundled as text by Vite's `?raw` suffix.
declare module '*/scripts/certs.sh?raw' {
  const text: string;
  export default text;
}

// The preflight scripts are static bash files bundled as text by Vite's `?raw` suffix. Each name is
// declared on its own so these never clash with another directory's script declarations.
declare module '*/scripts/probe.sh?raw' {
  const text: string;
  export default text;
}
declare module '*/scripts/listen.sh?raw' {
  const text: string;
  export default text;
}
declare module '*/scripts/connect.sh?raw' {
  const text: string;
  export default text;
}
declare module '*/scripts/collect.sh?raw' {
  const text: string;
  export default text;
}
declare module '*/scripts/stop.sh?raw' {
  const text: string;
  export default text;
}
declare module '*/scripts/runfix.sh?raw' {
  const text: string;
  export default text;
}

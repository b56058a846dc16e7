/**
 * Hands text to the browser as a download, like the report's download.ts: an object URL revoked
 * right after the click has been handled. The text lives only in the Blob and this call.
 */
export function saveText(filename: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

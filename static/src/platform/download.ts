/**
 * File downloads in the Custom UI: the browser's Blob download through a temporary link, no server round trip.
 */

/** Offers `text` as a file download named `fileName` with the media type `mimeType` (e.g. `text/csv;charset=utf-8`). */
export function downloadText(text: string, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled (the download has started by then).
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}

/** Why a stream write failed, in words: "no space left on device (ENOSPC)". */
export function streamErrorText(err: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EFBIG: 'file too large',
    EIO: 'input/output error',
  };
  return `${words[err.code ?? ''] ?? err.message} (${err.code ?? 'error'})`;
}

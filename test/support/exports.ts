/** GETs an export of the gateway at `base` (as a BI tool would: a bearer token or nothing); the body as bytes and text. */
export async function fetchExport(base: string, path: string, token?: string) {
  const response = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

/** A CSV export's lines: BOM off, split on the CRLF the exports write, the last empty line dropped. */
export const csvLines = (text: string) => text.replace(/^\uFEFF/, '').split('\r\n').filter((line) => line !== '');

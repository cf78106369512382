/**
 * Which postcode table `kil profile` compares suppliers' and buyers' places by. The table shipped
 * in the package is a hand-made sample of a few dozen postcodes (data/POSTCODE-DATA-LICENCE.md),
 * so it is used only when KIL_POSTCODE_TABLE names a table: a profile resting on the sample would
 * compare a handful of postcodes by authority and the rest by postcode district, and say neither.
 */
import { localityOf, postcodeTableInfo, usePostcodeTable } from '../geo/index.js';
import type { LocalityOf } from '../profile/locality.js';
import { visiblePath } from '../render/text.js';
import { UserError } from './user-error.js';

export interface PostcodeLocality {
  localityOf: LocalityOf;
  /** What the table was built from, as its source says. */
  table: string;
}

/** The table named by KIL_POSTCODE_TABLE, read and checked now; undefined when none is named. */
export function postcodeLocality(env: NodeJS.ProcessEnv): PostcodeLocality | undefined {
  const file = env.KIL_POSTCODE_TABLE?.trim();
  if (!file) return undefined;
  let table: string;
  try {
    usePostcodeTable(file);
    const info = postcodeTableInfo();
    table = info.source.sample ? `${info.source.name}; a sample` : info.source.name;
  } catch (error) {
    // The parser's message quotes the file's text, escapes and all: they are shown, not sent (\e, \n).
    throw new UserError(`KIL_POSTCODE_TABLE: ${visiblePath((error as Error).message)}; build the table with scripts/build-postcode-table.mjs (data/POSTCODE-DATA-LICENCE.md) or unset KIL_POSTCODE_TABLE`);
  }
  return {
    table,
    localityOf: (postcode) => {
      const found = localityOf(postcode);
      // An ambiguous postcode has no authority: it is compared by its postcode district instead.
      return { ...(found.authority ? { authority: found.authority.code } : {}), ...(found.region ? { region: found.region.code } : {}) };
    },
  };
}

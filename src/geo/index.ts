/** Postcode to local authority, offline: see postcode.ts, table.ts and locality.ts. */
export { findPostcode, normalisePostcode, sectorOf, districtOf } from '../model/postcode.js';
export { localityOf, postcodeTableInfo, type Area, type Locality, type PostcodeTableInfo, type Resolution } from './locality.js';
export { checkTable, usePostcodeTable, SHIPPED_TABLE, type PostcodeTable, type TableSource } from './table.js';

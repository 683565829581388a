/**
 * Where the API is. `npm run setup` builds the pages with this address, or with
 * `JIATI_MINIPROGRAM_API` when it is set (e.g. `https://jiati.example.cn`): the build writes it here.
 */
export const API_BASE_URL = 'http://127.0.0.1:3000';

// sql.js's pure-JavaScript build (no .wasm file to ship next to the bundle), typed as the package.
declare module "sql.js/dist/sql-asm.js" {
  import initSqlJs from "sql.js";
  export default initSqlJs;
}

/** Where promoted artifacts live, addressed by sha256 digest. */
export interface ArtifactStore {
  /** `github` or `dir:/path`, for logs and errors. */
  readonly description: string;
  /** Stores the file under its digest; false when that digest was already stored (build once). */
  put(file: string, digest: string): Promise<boolean>;
  /** Writes the stored bytes for digest to destination (a temp file the caller verifies); false when the digest is unknown. */
  get(digest: string, destination: string): Promise<boolean>;
}

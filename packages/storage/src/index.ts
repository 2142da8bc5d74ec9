export {
  ALLOWED_MIME_TYPES,
  BUCKET,
  FILE_SIZE_LIMIT,
  bucketSpec,
  isMimeAllowed,
  matchesBucketSpec,
  normalizeMime,
  objectPath,
  ownerOfPath,
  parseListPrefix,
  parseObjectPath,
  publicObjectUrl,
  type ParsedObjectPath,
} from "./bucket";
export { READABLE_PATH_MAX_LENGTH, isReadablePath, ownerOfReadablePath, parseReadablePath, type ParsedReadablePath } from "./readable-path";
export { bucketPathFromUrl } from "./bucket-path-from-url";
export { StorageError, isStorageError, type StorageErrorCode } from "./errors";
export type { BucketInfo, DownloadObjectOptions, DownloadObjectResult, ListEntry, StorageDriver, UploadBody, UploadOptions, UploadResult } from "./driver";
export { createLocalStorageDriver, type LocalStorageConfig } from "./local-driver";
export { createSupabaseStorageDriver, type SupabaseStorageConfig } from "./supabase-driver";
export { storageErrorFromReply, type NotFoundMeaning } from "./supabase-errors";
export { createStorageDriver, type StorageDriverDeps } from "./create-storage-driver";
export { publicBaseUrlOf, type StorageConfig } from "./storage-config";
export { readStorageEnv, DEFAULT_PUBLIC_BASE_URL } from "./env";
export { wrongServiceRoleKey, type WrongKeyKind } from "./service-role-key";

export { ClientDirectory, type DirectoryClient } from './client-directory';
export { ClientDirectoryModule } from './client-directory.module';
export { CLIENT_DIRECTORY_MODEL, ClientDirectorySchema, type ClientDirectoryContact, type ClientDirectoryEntry } from './client-directory.schema';

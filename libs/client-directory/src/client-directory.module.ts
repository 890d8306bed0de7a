import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ClientDirectory } from './client-directory';
import { ClientDirectoryMessageController } from './client-directory.message.controller';
import { CLIENT_DIRECTORY_MODEL, ClientDirectorySchema } from './client-directory.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: CLIENT_DIRECTORY_MODEL, schema: ClientDirectorySchema }])],
  controllers: [ClientDirectoryMessageController],
  providers: [ClientDirectory],
  exports: [ClientDirectory],
})
export class ClientDirectoryModule {}

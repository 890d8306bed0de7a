import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ClientDirectoryMessageController } from './client-directory.message.controller';
import { CLIENT_DIRECTORY_MODEL, ClientDirectorySchema } from './client-directory.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: CLIENT_DIRECTORY_MODEL, schema: ClientDirectorySchema }])],
  controllers: [ClientDirectoryMessageController],
})
export class ClientDirectoryModule {}

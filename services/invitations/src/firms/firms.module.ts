import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { FirmDirectory } from './firm-directory';
import { FirmDirectoryMessageController } from './firm-directory.message.controller';
import { FIRM_MODEL, FirmSchema } from './firm.schema';
import { GetFirmSettingsHttpController } from './get-firm-settings/get-firm-settings.http.controller';
import { UpdateFirmSettingsHttpController } from './update-firm-settings/update-firm-settings.http.controller';

@Module({
  imports: [MongooseModule.forFeature([{ name: FIRM_MODEL, schema: FirmSchema }])],
  controllers: [FirmDirectoryMessageController, GetFirmSettingsHttpController, UpdateFirmSettingsHttpController],
  providers: [FirmDirectory],
  exports: [FirmDirectory],
})
export class FirmsModule {}

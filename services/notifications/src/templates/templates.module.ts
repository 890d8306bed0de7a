import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CreateTemplateHttpController } from './create-template/create-template.http.controller';
import { CreateTemplateService } from './create-template/create-template.service';
import { DeleteTemplateHttpController } from './delete-template/delete-template.http.controller';
import { DeleteTemplateService } from './delete-template/delete-template.service';
import { FirmTemplateRepository } from './domain/firm-template.repository';
import { GetTemplateHttpController } from './get-template/get-template.http.controller';
import { GetTemplateService } from './get-template/get-template.service';
import { ListTemplatesHttpController } from './list-templates/list-templates.http.controller';
import { ListTemplatesService } from './list-templates/list-templates.service';
import { FirmTemplateMongoRepository } from './persistence/firm-template.mongo-repository';
import { FIRM_TEMPLATE_MODEL, FirmTemplateSchema } from './persistence/firm-template.schema';
import { PreviewTemplateHttpController } from './preview-template/preview-template.http.controller';
import { PreviewTemplateService } from './preview-template/preview-template.service';
import { UpdateTemplateHttpController } from './update-template/update-template.http.controller';
import { UpdateTemplateService } from './update-template/update-template.service';

/** Firm email templates: CRUD and preview. Exports the repository, which sending reads templates from. */
@Module({
  imports: [MongooseModule.forFeature([{ name: FIRM_TEMPLATE_MODEL, schema: FirmTemplateSchema }])],
  controllers: [
    CreateTemplateHttpController,
    ListTemplatesHttpController,
    GetTemplateHttpController,
    UpdateTemplateHttpController,
    DeleteTemplateHttpController,
    PreviewTemplateHttpController,
  ],
  providers: [
    CreateTemplateService,
    ListTemplatesService,
    GetTemplateService,
    UpdateTemplateService,
    DeleteTemplateService,
    PreviewTemplateService,
    { provide: FirmTemplateRepository, useClass: FirmTemplateMongoRepository },
  ],
  exports: [FirmTemplateRepository],
})
export class TemplatesModule {}

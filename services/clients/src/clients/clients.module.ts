import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AddContactHttpController } from './add-contact/add-contact.http.controller';
import { AddContactService } from './add-contact/add-contact.service';
import { ClientUpdater } from './client-updater';
import { CreateClientHttpController } from './create-client/create-client.http.controller';
import { CreateClientService } from './create-client/create-client.service';
import { ClientRepository } from './domain/client.repository';
import { GetClientHttpController } from './get-client/get-client.http.controller';
import { GetClientService } from './get-client/get-client.service';
import { ListClientsHttpController } from './list-clients/list-clients.http.controller';
import { ListClientsService } from './list-clients/list-clients.service';
import { ClientMongoRepository } from './persistence/client.mongo-repository';
import { CLIENT_MODEL, ClientSchema } from './persistence/client.schema';
import { GetPortalClientHttpController } from './portal-client/get-portal-client.http.controller';
import { GetPortalClientService } from './portal-client/get-portal-client.service';
import { PortalStatusMessageController } from './portal-status/portal-status.message.controller';
import { PortalStatusService } from './portal-status/portal-status.service';
import { RemoveContactHttpController } from './remove-contact/remove-contact.http.controller';
import { RemoveContactService } from './remove-contact/remove-contact.service';
import { UpdateClientHttpController } from './update-client/update-client.http.controller';
import { UpdateClientService } from './update-client/update-client.service';
import { UpdateContactHttpController } from './update-contact/update-contact.http.controller';
import { UpdateContactService } from './update-contact/update-contact.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: CLIENT_MODEL, schema: ClientSchema }])],
  controllers: [
    CreateClientHttpController,
    GetClientHttpController,
    ListClientsHttpController,
    UpdateClientHttpController,
    AddContactHttpController,
    UpdateContactHttpController,
    RemoveContactHttpController,
    GetPortalClientHttpController,
    PortalStatusMessageController,
  ],
  providers: [
    CreateClientService,
    GetClientService,
    ListClientsService,
    UpdateClientService,
    AddContactService,
    UpdateContactService,
    RemoveContactService,
    GetPortalClientService,
    PortalStatusService,
    ClientUpdater,
    { provide: ClientRepository, useClass: ClientMongoRepository },
  ],
})
export class ClientsModule {}

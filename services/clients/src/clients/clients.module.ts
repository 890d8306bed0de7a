import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CreateClientHttpController } from './create-client/create-client.http.controller';
import { CreateClientService } from './create-client/create-client.service';
import { ClientRepository } from './domain/client.repository';
import { GetClientHttpController } from './get-client/get-client.http.controller';
import { GetClientService } from './get-client/get-client.service';
import { ListClientsHttpController } from './list-clients/list-clients.http.controller';
import { ListClientsService } from './list-clients/list-clients.service';
import { ClientMongoRepository } from './persistence/client.mongo-repository';
import { CLIENT_MODEL, ClientSchema } from './persistence/client.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: CLIENT_MODEL, schema: ClientSchema }])],
  controllers: [CreateClientHttpController, GetClientHttpController, ListClientsHttpController],
  providers: [CreateClientService, GetClientService, ListClientsService, { provide: ClientRepository, useClass: ClientMongoRepository }],
})
export class ClientsModule {}

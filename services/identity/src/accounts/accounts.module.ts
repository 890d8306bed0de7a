import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { FirmRepository, UserRepository, UserSettingsRepository } from './domain/account.repositories';
import { MeHttpController } from './me/me.http.controller';
import { PasswordHasher } from './password-hasher';
import { loadCommonPasswords, PasswordPolicy } from './password-policy/password-policy';
import { FirmMongoRepository, UserMongoRepository } from './persistence/account.mongo-repositories';
import { FIRM_MODEL, FirmSchema, USER_MODEL, UserSchema } from './persistence/account.schemas';
import { SignUpFirmHttpController } from './sign-up-firm/sign-up-firm.http.controller';
import { SignUpFirmService } from './sign-up-firm/sign-up-firm.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: FIRM_MODEL, schema: FirmSchema },
      { name: USER_MODEL, schema: UserSchema },
    ]),
  ],
  controllers: [SignUpFirmHttpController, MeHttpController],
  providers: [
    PasswordHasher,
    { provide: PasswordPolicy, useFactory: () => new PasswordPolicy(loadCommonPasswords()) },
    SignUpFirmService,
    { provide: FirmRepository, useClass: FirmMongoRepository },
    { provide: UserRepository, useClass: UserMongoRepository },
    { provide: UserSettingsRepository, useExisting: UserRepository },
  ],
  exports: [PasswordHasher, PasswordPolicy, UserRepository, UserSettingsRepository, FirmRepository],
})
export class AccountsModule {}

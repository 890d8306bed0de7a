import { Body, Controller, INestApplication, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsEmail, IsIn, IsString, MinLength, ValidateNested } from 'class-validator';
import request from 'supertest';
import { createValidationPipe } from './validation';

class ContactDto {
  @IsEmail()
  email!: string;
}

class CreateThingDto {
  @IsString()
  @MinLength(2)
  name!: string;

  @IsIn(['a', 'b'])
  kind!: string;

  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => ContactDto)
  contacts!: ContactDto[];
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: CreateThingDto) {
    return { isDto: body instanceof CreateThingDto, body };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('createValidationPipe', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ThingsModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(createValidationPipe());
    await app.init();
  });

  afterAll(() => app.close());

  const post = (body: object) => request(app.getHttpServer()).post('/things').send(body);

  it('names each field and rule, nested array items included', async () => {
    const res = await post({ name: 'x', kind: 'c', contacts: [{ email: 'ok@example.com' }, { email: 'nope' }] }).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      errors: expect.arrayContaining([
        { field: 'name', rule: 'minLength', message: expect.stringContaining('name') },
        { field: 'kind', rule: 'isIn', message: expect.any(String) },
        { field: 'contacts.1.email', rule: 'isEmail', message: expect.stringContaining('email') },
      ]),
    });
    expect(res.body.errors).toHaveLength(3);
  });

  it('refuses unknown fields, nested ones too', async () => {
    const res = await post({ name: 'xy', kind: 'a', contacts: [{ email: 'ok@example.com', admin: true }], role: 'owner' }).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'role', rule: 'whitelistValidation', message: 'property role should not exist' },
        { field: 'contacts.0.admin', rule: 'whitelistValidation', message: 'property admin should not exist' },
      ]),
    );
  });

  it('passes a valid body through as an instance of the DTO', async () => {
    const body = { name: 'xy', kind: 'a', contacts: [{ email: 'ok@example.com' }] };
    const res = await post(body).expect(201);
    expect(res.body).toEqual({ isDto: true, body });
  });
});

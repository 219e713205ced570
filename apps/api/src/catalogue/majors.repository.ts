import { Major } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

@Injectable()
export class MajorsRepository {
  constructor(@InjectRepository(Major) private readonly majors: Repository<Major>) {}

  all(): Promise<Major[]> {
    return this.majors.find({ order: { name: 'ASC' } });
  }
}

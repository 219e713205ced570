import { Staff, Student } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

/** Reads accounts with their password hash (which no other query ever selects). */
@Injectable()
export class CredentialsRepository {
  constructor(
    @InjectRepository(Student) private readonly students: Repository<Student>,
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
  ) {}

  findStudentByNo(studentNo: string): Promise<Student | null> {
    return this.students.createQueryBuilder('s').addSelect('s.passwordHash').where('s.studentNo = :studentNo', { studentNo }).getOne();
  }

  findStaffByLogin(loginId: string): Promise<Staff | null> {
    return this.staff.createQueryBuilder('s').addSelect('s.passwordHash').where('s.loginId = :loginId', { loginId }).getOne();
  }

  findStudent(id: number): Promise<Student | null> {
    return this.students.findOneBy({ id });
  }

  findStaff(id: number): Promise<Staff | null> {
    return this.staff.findOneBy({ id });
  }
}

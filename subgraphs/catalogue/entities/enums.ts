import { registerEnumType } from 'type-graphql';

export enum ServiceCategory {
  ACCOMPANIMENT = 'ACCOMPANIMENT',
  TECHNICAL = 'TECHNICAL',
  QUALITY = 'QUALITY',
}

registerEnumType(ServiceCategory, {
  name: 'ServiceCategory',
  description: 'Services d’accompagnement, services techniques, services qualité',
});

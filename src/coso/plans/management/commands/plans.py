"""`coso plans seed --org CODE`: Plan 74-KH/ĐUK and its targets for a bloc's committee (the
system actor); `coso plans list`: the plans and their targets."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from coso.orgs.models import Organization
from coso.plans.models import Plan
from coso.plans.services import seed_plan_74


class Command(BaseCommand):
    help = "Kế hoạch và chỉ tiêu: tạo Kế hoạch 74-KH/ĐUK cho một Đảng ủy Khối, liệt kê kế hoạch."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        seed = sub.add_parser("seed", help="tạo Kế hoạch 74-KH/ĐUK và các chỉ tiêu")
        seed.add_argument("--org", required=True, help="mã tổ chức ban hành, ví dụ DUK")
        sub.add_parser("list", help="các kế hoạch và chỉ tiêu")

    def handle(self, *args, **opts):
        if opts["action"] == "list":
            for plan in Plan.objects.select_related("organization").prefetch_related("targets"):
                self.stdout.write(
                    f"{plan.number}\t{plan.organization.code}\t{plan.issued_on:%d/%m/%Y}"
                )
                for t in plan.targets.all():
                    goal = "–".join(str(g) for g in (t.goal_min, t.goal_max) if g is not None)
                    self.stdout.write(f"  {t.get_measure_display()}\t{goal or '(theo dõi)'}")
            return
        org = Organization.objects.by_code(opts["org"])
        if org is None:
            raise CommandError(f"Không có tổ chức mã {opts['org']}.")
        try:
            plan = seed_plan_74(org)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Kế hoạch {plan.number} của {org.code}: {plan.targets.count()} chỉ tiêu."
        )

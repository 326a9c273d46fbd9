//===- Primitives.cpp - Emission of the built-in functions ----------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The primitives the emitter implements directly (printf, conversions,
// math, arrays...) and calls of prelude functions by name.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Emitter/EmitterInternals.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

/// Calls a prelude function by name with a known (concrete) type.
Value Emitter::callPrelude(Loc l, const std::string &name,
                           std::vector<Value> args, Type *fnType) {
  for (size_t i = 0; i < firstUserDecl; ++i)
    for (auto &binding : program.decls[i].bindings)
      if (binding->name == name && binding->var) {
        Expr use;
        use.kind = ExprKind::Var;
        use.loc = l;
        // Instantiate the binding's generics by unifying a copy of its type
        // with the requested one.
        std::vector<Type *> typeArgs;
        std::vector<UnitVar *> unitArgs;
        Type *inst =
            types.instantiate(binding->var->type, 0, binding->var->generics,
                              binding->var->genericUnits, typeArgs, unitArgs);
        types.unify(inst, fnType);
        use.typeArgs = typeArgs;
        use.unitArgs = unitArgs;
        mlir::func::FuncOp fn = functionFor(binding.get(), &use);
        for (size_t j = 0; j < args.size(); ++j)
          args[j] = castUnits(l, args[j], fn.getFunctionType().getInput(j));
        return mlir::func::CallOp::create(builder, loc(l), fn, args)
            .getResult(0);
      }
  error(l, "internal error: prelude function '" + name + "' is missing");
  return Value();
}

size_t Emitter::primitiveArity(const std::string &name, Expr &head) {
  if (name == "printf" || name == "printfn" || name == "eprintf" ||
      name == "eprintfn" || name == "sprintf" || name == "failwithf") {
    // The format string plus one argument per conversion.
    size_t n = 0;
    Type *t = TypeContext::prune(head.type);
    while (t->kind == TypeKind::Fun) {
      ++n;
      t = TypeContext::prune(t->args[1]);
    }
    return n;
  }
  if (name == "LanguagePrimitives.GenericZero" ||
      name == "LanguagePrimitives.GenericOne" || name == "nan" ||
      name == "infinity")
    return 0;
  if (name == "min" || name == "max" || name == "atan2" ||
      name == "invalidArg" || name == "compare" || name == "Array.create")
    return 2;
  return 1;
}

Value Emitter::emitPrimitive(const std::string &name, Expr &head,
                             std::vector<Value> &args, Loc l,
                             Type *resultType) {
  mlir::Location ml = loc(l);
  mlir::Type result = lower(resultType);
  if (name == "printf" || name == "printfn" || name == "eprintf" ||
      name == "eprintfn" || name == "sprintf" || name == "failwithf") {
    // The format string is the literal the type checker saw.
    std::string text;
    if (auto str = args[0].getDefiningOp<cl::StringOp>())
      text = str.getValue().str();
    llvm::SmallVector<Value> rest(args.begin() + 1, args.end());
    if (name == "sprintf" || name == "failwithf") {
      Value s = cl::SprintfOp::create(builder, ml, cl::StringType::get(context),
                                      text, rest, Value());
      if (name == "sprintf")
        return s;
      return cl::FailwithOp::create(builder, ml, result, s);
    }
    bool newline = name == "printfn" || name == "eprintfn";
    bool toStderr = name == "eprintf" || name == "eprintfn";
    cl::PrintfOp::create(builder, ml, text, rest, newline, toStderr);
    if (auto str = args[0].getDefiningOp<cl::StringOp>())
      if (str->use_empty())
        str->erase();
    return unitValue(l);
  }
  Value a = args[0];
  mlir::Type at = a.getType();
  if (name == "failwith")
    return cl::FailwithOp::create(builder, ml, result, a);
  if (name == "invalidArg") {
    // .NET's ArgumentException message names the parameter.
    mlir::Type str = cl::StringType::get(context);
    Value open = cl::StringOp::create(builder, ml, str, " (Parameter '");
    Value close = cl::StringOp::create(builder, ml, str, "')");
    Value msg =
        cl::StringConcatOp::create(builder, ml, str, args[1], open, Value());
    msg = cl::StringConcatOp::create(builder, ml, str, msg, a, Value());
    msg = cl::StringConcatOp::create(builder, ml, str, msg, close, Value());
    return cl::InvalidArgOp::create(builder, ml, result, msg);
  }
  if (name == "exit")
    return cl::ExitOp::create(builder, ml, result, a);
  if (name == "ignore")
    return unitValue(l);
  if (name == "id")
    return a;
  if (name == "not")
    return cl::NotOp::create(builder, ml, builder.getI1Type(), a);
  if (name == "int" || name == "int64" || name == "float" || name == "char") {
    if (at == result)
      return a;
    if (auto u = cl::getUnits(at))
      if (mlir::isa<mlir::FloatType>(result) ||
          mlir::isa<cl::MeasureType>(result))
        return cl::UnitCastOp::create(builder, ml, result, a);
    if (mlir::isa<cl::MeasureType>(at))
      a = cl::UnitCastOp::create(builder, ml, builder.getF64Type(), a);
    if (mlir::isa<cl::StringType>(a.getType())) {
      if (cl::getUnits(result))
        return cl::UnitCastOp::create(
            builder, ml, result,
            cl::ParseOp::create(builder, ml, builder.getF64Type(), a));
      return cl::ParseOp::create(builder, ml, result, a);
    }
    return cl::ConvertOp::create(builder, ml, result, a);
  }
  if (name == "string") {
    if (mlir::isa<cl::StringType>(at))
      return a;
    if (at.isInteger(1) || at.isInteger(32) || at.isInteger(64) ||
        mlir::isa<mlir::FloatType>(at) || mlir::isa<cl::MeasureType>(at) ||
        mlir::isa<cl::CharType>(at))
      return cl::ToStringOp::create(builder, ml, result, a, Value());
    // `string x` is x.ToString(), which is what %O prints: "Some(1)",
    // "[1; 2]", "System.Int32[]".
    return cl::SprintfOp::create(builder, ml, result, "%O", mlir::ValueRange{a},
                                 Value());
  }
  if (name == "hash")
    return cl::HashOp::create(builder, ml, builder.getI32Type(), a);
  if (name == "fst" || name == "snd") {
    auto tupleType = mlir::cast<cl::TupleType>(at);
    unsigned index = name == "fst" ? 0 : 1;
    return cl::TupleGetOp::create(builder, ml,
                                  tupleType.getElementTypes()[index], a, index);
  }
  if (name == "ref")
    return cl::RefNewOp::create(builder, ml, result, a, Value());
  if (name == "incr" || name == "decr") {
    Value v = cl::RefGetOp::create(builder, ml, builder.getI32Type(), a);
    Value one = constInt(l, 1);
    Value n = name == "incr"
                  ? Value(cl::AddOp::create(builder, ml, v.getType(), v, one))
                  : Value(cl::SubOp::create(builder, ml, v.getType(), v, one));
    cl::RefSetOp::create(builder, ml, a, n);
    return unitValue(l);
  }
  if (name == "abs" && (at.isInteger(32) || at.isInteger(64))) {
    Value zero = constInt(l, 0, at.getIntOrFloatBitWidth());
    Value neg = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                  cl::CmpPredicate::lt, a, zero);
    Value negated = cl::NegOp::create(builder, ml, at, a);
    return mlir::arith::SelectOp::create(builder, ml, neg, negated, a);
  }
  if (name == "min" || name == "max" || name == "compare") {
    Value b = castUnits(l, args[1], at);
    if (name == "compare") {
      Value lt = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                   cl::CmpPredicate::lt, a, b);
      Value gt = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                   cl::CmpPredicate::gt, a, b);
      Value m1 = constInt(l, -1), p1 = constInt(l, 1), z = constInt(l, 0);
      Value g = mlir::arith::SelectOp::create(builder, ml, gt, p1, z);
      return mlir::arith::SelectOp::create(builder, ml, lt, m1, g);
    }
    Value lt = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                 cl::CmpPredicate::lt, a, b);
    Value r = name == "min"
                  ? mlir::arith::SelectOp::create(builder, ml, lt, a, b)
                  : mlir::arith::SelectOp::create(builder, ml, lt, b, a);
    if (!mlir::isa<mlir::FloatType>(at) && !cl::getUnits(at))
      return r;
    // On floats these are Math.Min/Math.Max: a NaN operand gives NaN.
    Value aNaN = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                   cl::CmpPredicate::ne, a, a);
    Value bNaN = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                   cl::CmpPredicate::ne, b, b);
    r = mlir::arith::SelectOp::create(builder, ml, bNaN, b, r);
    return mlir::arith::SelectOp::create(builder, ml, aNaN, a, r);
  }
  if (name == "sign") {
    Value zero;
    if (mlir::isa<mlir::IntegerType>(at))
      zero = constInt(l, 0, at.getIntOrFloatBitWidth());
    else
      zero = castUnits(l,
                       cl::ConstantOp::create(builder, ml, builder.getF64Type(),
                                              builder.getF64FloatAttr(0)),
                       at);
    Value lt = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                 cl::CmpPredicate::lt, a, zero);
    Value gt = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                 cl::CmpPredicate::gt, a, zero);
    Value m1 = constInt(l, -1), p1 = constInt(l, 1), z = constInt(l, 0);
    Value g = mlir::arith::SelectOp::create(builder, ml, gt, p1, z);
    return mlir::arith::SelectOp::create(builder, ml, lt, m1, g);
  }
  if (name == "atan2")
    return cl::Atan2Op::create(builder, ml, builder.getF64Type(), a,
                               castUnits(l, args[1], at));
  if (name == "truncate") {
    Value i = cl::ConvertOp::create(builder, ml, builder.getI64Type(), a);
    return cl::ConvertOp::create(builder, ml, builder.getF64Type(), i);
  }
  if (name == "Array.zeroCreate" || name == "Array.create") {
    auto arrayType = mlir::cast<cl::ArrayType>(result);
    Value init;
    if (name == "Array.create") {
      init = castUnits(l, args[1], arrayType.getElementType());
    } else {
      mlir::Type element = arrayType.getElementType();
      if (mlir::isa<mlir::IntegerType>(element))
        init = constInt(l, 0, element.getIntOrFloatBitWidth());
      else if (cl::getUnits(element))
        init =
            castUnits(l,
                      cl::ConstantOp::create(builder, ml, builder.getF64Type(),
                                             builder.getF64FloatAttr(0)),
                      element);
      else if (mlir::isa<cl::UnitType>(element))
        init = unitValue(l);
      else if (mlir::isa<cl::CharType>(element))
        init = cl::CharOp::create(builder, ml, element, 0u);
      else if (mlir::isa<cl::StringType>(element))
        init = cl::StringOp::create(builder, ml, element, "");
      else {
        error(l, "Array.zeroCreate of this element type is not supported; "
                 "use Array.create");
        return Value();
      }
    }
    return cl::ArrayCreateOp::create(builder, ml, arrayType, a, init, Value());
  }
  if (name == "Array.length")
    return cl::ArrayLengthOp::create(builder, ml, builder.getI32Type(), a);
  if (name == "String.length")
    return cl::StringLengthOp::create(builder, ml, builder.getI32Type(), a);
  if (name == "List.isEmpty")
    return cl::ListIsNilOp::create(builder, ml, builder.getI1Type(), a);
  if (name == "Option.isSome" || name == "Option.isNone") {
    Value s = cl::OptionIsSomeOp::create(builder, ml, builder.getI1Type(), a);
    if (name == "Option.isSome")
      return s;
    return cl::NotOp::create(builder, ml, builder.getI1Type(), s);
  }
  if (name == "Array.copy")
    return callPrelude(
        l, "Array_copy", {a},
        types.getFun(concrete(TypeContext::prune(head.type)->args[0]),
                     resultType));
  // Math functions on floats keep the argument's units, except sqrt.
  auto fn = cl::symbolizeMathFn(name == "abs" ? "abs" : name);
  if (!fn) {
    error(l, "'" + name + "' is not supported here");
    return Value();
  }
  return cl::MathOp::create(builder, ml, result, *fn, a);
}

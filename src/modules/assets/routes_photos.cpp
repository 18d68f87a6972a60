// Photos of assets: those who may edit an asset upload a JPEG or PNG with a description; the picture is
// re-encoded from its pixels (no location or camera data kept) before it is stored, and served with a
// long cache life because a photo's address never changes its content.
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "media/images.h"
#include "modules/assets/routes.h"
#include "modules/assets/view_models.h"
#include "web/forms.h"
#include "web/multipart.h"

namespace cw::assets {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::HttpError;
using web::Request;
using web::Response;

constexpr std::size_t kMaxPhotoBytes = 5 * 1024 * 1024;

Asset editable_asset(const Context& ctx, const Request& req) {
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    Asset a = visible_asset(tx, ctx, path_id(req));
    if (!can_edit(ctx.actor, a))
      throw HttpError(403, "forbidden", "You cannot change the photos of this asset.");
    return a;
  });
}

Response photo_form(const Context& ctx, const Asset& a, const web::FormView& form, const std::string& alt,
                    int status = 200) {
  json data{
      {"name", a.name},
      {"action", asset_href(a.id) + "/photos"},
      {"back_href", asset_href(a.id)},
      {"photo_error", form.error_for("photo").empty() ? json(false) : json(form.error_for("photo"))},
      {"alt", form.field("alt_text", "Describe the photo", alt,
                         {.hint = "For people who cannot see it, for example \"The library's front entrance, "
                                  "with a ramp to the left of the steps\""})},
      {"errors", form.summary()}};
  return ctx.page(
      "assets/photo",
      {.title = "Add a photo of " + a.name,
       .breadcrumbs = {{"Home", "/"}, {"Community assets", "/assets"}, {a.name, asset_href(a.id)}},
       .has_errors = form.has_errors(),
       .nav_current = "/assets"},
      std::move(data), status);
}

Response sign_in(const Request& req) {
  return Response::redirect("/account/sign-in?next=" + web::percent_encode(req.target.substr(0, 500)));
}

Response new_photo(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  return photo_form(ctx, editable_asset(ctx, req), {}, "");
}

Response upload_photo(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  Asset a = editable_asset(ctx, req);
  auto upload = web::multipart_form(req, {.max_file = kMaxPhotoBytes});
  auto alt = upload.fields.get_or("alt_text", "");
  std::vector<web::FieldError> errors;
  const auto* file = upload.file("photo");
  if (!file || file->bytes.empty()) errors.push_back({"photo", "Choose a photo to upload"});
  if (alt.find_first_not_of(" \t\r\n") == std::string::npos)
    errors.push_back({"alt_text", "Describe the photo for people who cannot see it"});
  try {
    if (errors.empty()) {
      auto image = media::reencode_image(file->bytes);
      add_photo(ctx.db, acting(ctx), a.id,
                {image.content_type, image.bytes, static_cast<int>(image.width),
                 static_cast<int>(image.height), alt});
      return Response::redirect(asset_href(a.id));
    }
  } catch (const media::ImageRejected& e) {
    errors.push_back({"photo", e.what()});
  } catch (const FormInvalid& e) {
    if (e.status != 422) throw HttpError(e.status, "forbidden", e.what());
    errors.insert(errors.end(), e.errors.begin(), e.errors.end());
  }
  return photo_form(ctx, a, {upload.fields, errors}, alt, 422);
}

// "12.jpg" → 12, with the extension matching the stored type; 0 when the name is not one of ours.
std::int64_t photo_number(const std::string& name, std::string& extension) {
  auto dot = name.find('.');
  if (dot == std::string::npos || dot == 0 || dot > 18) return 0;
  extension = name.substr(dot + 1);
  std::int64_t n = 0;
  for (std::size_t i = 0; i < dot; ++i) {
    if (name[i] < '0' || name[i] > '9') return 0;
    n = n * 10 + (name[i] - '0');
  }
  return n;
}

std::string decode_base64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    throw std::runtime_error("a stored photo is not valid base64");
  out.resize(len);
  return out;
}

Response serve_photo(const Request& req, Context& ctx) {
  std::string extension;
  auto number = photo_number(req.param("file"), extension);
  auto photo = store::in_read(ctx.db, [&](store::Tx& tx) {
    Asset a = visible_asset(tx, ctx, path_id(req));
    return number ? find_photo(tx, a.id, number) : std::nullopt;
  });
  if (!photo || extension != (photo->content_type == "image/png" ? "png" : "jpg"))
    throw HttpError(404, "not_found", "There is no such photo: it may have been removed.");
  auto etag = "\"" + photo->sha256 + "\"";
  if (req.header("If-None-Match") == etag) {
    Response r;
    r.status = 304;
    r.set("ETag", etag);
    return r;
  }
  auto res = Response::text(decode_base64(photo->data_base64), photo->content_type);
  res.set("ETag", etag);
  res.set("Cache-Control", "public, max-age=86400");
  return res;
}

Response remove_photo_submit(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  auto photo = path_id(req, "photo");
  try {
    remove_photo(ctx.db, acting(ctx), id, photo);
  } catch (const FormInvalid& e) {
    throw HttpError(e.status, e.status == 403 ? "forbidden" : "not_found", e.what());
  }
  return Response::redirect(asset_href(id));
}

}  // namespace

void register_photo_routes(web::Router& router) {
  router.get("/assets/{id}/photos", new_photo);
  router.post("/assets/{id}/photos", upload_photo, {.max_body = kMaxPhotoBytes + 64 * 1024});
  router.get("/assets/{id}/photos/{file}", serve_photo);
  router.post("/assets/{id}/photos/{photo}/remove", remove_photo_submit);
}

}  // namespace cw::assets
